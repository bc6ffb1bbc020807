/**
 * Amplify's `ServiceWorker`: registers a service worker (`register(path = '/service-worker.js', scope = '/')`),
 * subscribes it to web push (`enablePush(publicKey)`) and posts messages to it (`send`). cognate has
 * no analytics, so the worker's state changes go only to `options.onStateChange`.
 */
import { ConsoleLogger } from '../logger/console-logger.js';

export interface ServiceWorkerOptions {
  onStateChange?: (state: ServiceWorkerState) => void;
}

type Worker = globalThis.ServiceWorker;

function failure(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export class ServiceWorkerClass {
  #serviceWorker: Worker | undefined;
  #registration: ServiceWorkerRegistration | undefined;
  readonly #logger = new ConsoleLogger('ServiceWorker');

  /** The active (or installing) worker; throws before `register`. */
  get serviceWorker(): Worker {
    if (!this.#serviceWorker) throw failure('UndefinedInstance', 'Service Worker instance is undefined.');
    return this.#serviceWorker;
  }

  async register(filePath = '/service-worker.js', scope = '/', options: ServiceWorkerOptions = {}): Promise<ServiceWorkerRegistration> {
    const container = (globalThis as { navigator?: { serviceWorker?: ServiceWorkerContainer } }).navigator?.serviceWorker;
    if (!container) throw failure('Unavailable', 'Service Worker not available');
    try {
      const registration = await container.register(filePath, { scope });
      const worker = registration.installing ?? registration.waiting ?? registration.active;
      this.#registration = registration;
      this.#serviceWorker = worker ?? undefined;
      const notify = (state: ServiceWorkerState) => {
        try {
          options.onStateChange?.(state);
        } catch {
          // The handler's failure is its own.
        }
      };
      if (worker) {
        worker.addEventListener('statechange', () => notify(worker.state));
        notify(worker.state);
      }
      return registration;
    } catch (error) {
      this.#logger.debug(`Service Worker Registration Failed ${error}`);
      throw failure('Unavailable', 'Service Worker not available');
    }
  }

  async enablePush(publicKey: string): Promise<PushSubscription> {
    const registration = this.#registration;
    if (!registration) throw failure('UndefinedRegistration', 'Service Worker registration is undefined.');
    const existing = await registration.pushManager.getSubscription();
    if (existing) return existing;
    const base64 = (publicKey + '='.repeat((4 - (publicKey.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    const applicationServerKey = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
  }

  send(message: object | string): void {
    this.#serviceWorker?.postMessage(typeof message === 'object' ? JSON.stringify(message) : message);
  }
}

export { ServiceWorkerClass as ServiceWorker };
