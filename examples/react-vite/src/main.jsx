import { Amplify } from 'aws-amplify';
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

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
