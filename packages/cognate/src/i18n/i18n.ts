/**
 * Amplify's `I18n`: one process-wide dictionary per language. `get(key, fallback?)` looks the key up
 * in the chosen language (`setLanguage`, else the browser's `navigator.language`), then in its base
 * language (`fr` for `fr-CA`), and gives back the fallback, or the key itself, when neither has it.
 * Amplify UI translates every label through it.
 */
export type Vocabulary = Record<string, string>;

let language: string | null = null;
let dictionary: Record<string, Vocabulary> = {};
let config: Record<string, unknown> = { language: null };

function lookup(key: string, lang: string): string | undefined {
  return dictionary[lang]?.[key];
}

export class I18n {
  /** `I18n.configure({ language })` (or `{ I18n: { language } }`); returns the configuration. */
  static configure(options?: Record<string, unknown>): Record<string, unknown> {
    if (!options) return config;
    config = { ...config, ...((options.I18n as Record<string, unknown> | undefined) ?? options) };
    return config;
  }

  static getModuleName(): string {
    return 'I18n';
  }

  static createInstance(): void {}

  static checkConfig(): boolean {
    return true;
  }

  static setLanguage(lang: string): void {
    language = lang;
  }

  static get(key: string, defVal?: string): string {
    if (!language) language = (globalThis as { window?: { navigator?: { language?: string } } }).window?.navigator?.language ?? null;
    const fallback = defVal !== undefined ? defVal : key;
    if (!language) return fallback;
    return lookup(key, language) || (language.indexOf('-') > 0 ? lookup(key, language.split('-')[0]!) : undefined) || fallback;
  }

  static putVocabulariesForLanguage(lang: string, vocabularies: Vocabulary): void {
    dictionary = { ...dictionary, [lang]: { ...dictionary[lang], ...vocabularies } };
  }

  static putVocabularies(vocabularies: Record<string, Vocabulary>): void {
    for (const lang of Object.keys(vocabularies)) I18n.putVocabulariesForLanguage(lang, vocabularies[lang]!);
  }
}
