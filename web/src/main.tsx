import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadPage } from './app/routes';
import { captureFragmentToken } from './lib/auth';
import './index.css';

// Before anything reads the location: a `#token=` leaves the address bar at once.
captureFragmentToken();
preloadPage(window.location.pathname);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
