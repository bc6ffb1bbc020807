// The app: aws-amplify in the browser, configured by the page (window.AMPLIFY_CONFIG).
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signOut } from 'aws-amplify/auth';

Amplify.configure(window.AMPLIFY_CONFIG);

const status = document.querySelector('#status');
const expires = document.querySelector('#expires');

async function show() {
  try {
    const { username } = await getCurrentUser();
    const { tokens } = await fetchAuthSession();
    status.textContent = `Signed in as ${username}`;
    expires.textContent = new Date(tokens.accessToken.payload.exp * 1000).toISOString();
  } catch {
    status.textContent = 'Signed out';
    expires.textContent = '';
  }
}

document.querySelector('#check').addEventListener('click', show);
document.querySelector('#sign-out').addEventListener('click', async () => {
  await signOut();
  await show();
});
show();
