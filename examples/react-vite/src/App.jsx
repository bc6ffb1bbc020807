import { AccountSettings, Authenticator } from '@aws-amplify/ui-react';
import { Hub } from 'aws-amplify/utils';
import { useEffect, useState } from 'react';

/**
 * The app's own Hub listener: the same Hub the Authenticator listens to. With `enableCrossTabEvents`
 * it also hears other tabs signing in and out (as Amplify 6.22 offers).
 */
function useAuthEvents(options) {
  const [events, setEvents] = useState([]);
  useEffect(
    () => Hub.listen('auth', ({ payload, crossTab }) => setEvents(list => [...list, crossTab ? `${payload.event} (other tab)` : payload.event]), options),
    [],
  );
  return events;
}

export function App() {
  const events = useAuthEvents();
  const withOtherTabs = useAuthEvents({ enableCrossTabEvents: true });
  const [notice, setNotice] = useState('');
  return (
    <main style={{ maxWidth: 520, margin: '2rem auto' }}>
      <Authenticator>
        {({ signOut, user }) => (
          <section>
            <h1 id="welcome">Signed in as {user.signInDetails?.loginId ?? user.username}</h1>
            <button id="sign-out" onClick={signOut}>
              Sign out
            </button>
            <h2>Change password</h2>
            <AccountSettings.ChangePassword onSuccess={() => setNotice('Password changed')} />
            <h2>Delete account</h2>
            <AccountSettings.DeleteUser onSuccess={() => setNotice('Account deleted')} />
          </section>
        )}
      </Authenticator>
      <p id="notice">{notice}</p>
      <ol id="hub-events">
        {events.map((event, i) => (
          <li key={i}>{event}</li>
        ))}
      </ol>
      <ol id="hub-events-all-tabs">
        {withOtherTabs.map((event, i) => (
          <li key={i}>{event}</li>
        ))}
      </ol>
    </main>
  );
}
