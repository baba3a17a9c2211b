import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadPage } from './app/routes';
import { captureFragmentToken } from './lib/auth';
import { makeQueryClient } from './lib/query';
import './index.css';

// Before anything reads the location: a `#token=` leaves the address bar at once.
captureFragmentToken();
// The opened page's chunk, GET /me and the page's own data are requested now, in parallel,
// rather than one after the other as the components mount.
const client = makeQueryClient();
preloadPage(client, window.location);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}
