import { translations } from '@aws-amplify/ui-react';
import { Amplify } from 'aws-amplify';
import { I18n } from 'aws-amplify/utils';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@aws-amplify/ui-react/styles.css';
import { App } from './App.jsx';

// Amplify's own configuration, unchanged: with the aliases in vite.config.js this is cognate's Amplify.
Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: import.meta.env.VITE_USER_POOL_ID,
      userPoolClientId: import.meta.env.VITE_USER_POOL_CLIENT_ID,
      ...(import.meta.env.VITE_USER_POOL_ENDPOINT ? { userPoolEndpoint: import.meta.env.VITE_USER_POOL_ENDPOINT } : {}),
      loginWith: { email: true },
      signUpVerificationMethod: 'code',
      userAttributes: { email: { required: true } },
      mfa: { status: 'on', totpEnabled: true },
    },
  },
});

// Amplify UI's translations; ?lang=fr (or de, es, ja, …) picks one, the browser's language otherwise.
I18n.putVocabularies(translations);
const lang = new URLSearchParams(window.location.search).get('lang');
if (lang) I18n.setLanguage(lang);

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
