import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { captureFragmentToken } from './lib/auth';
import './index.css';

// Before anything reads the location: a `#token=` leaves the address bar at once.
captureFragmentToken();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
