import { useId, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { BarChart3, KeyRound } from 'lucide-react';
import { sessionEnded, setToken, useToken } from '@/lib/auth';

/**
 * Paste a token (ResolutionFlow issues them; `make run` prints one per demo role). After a 401
 * the page says the session has ended.
 */
export default function SignInPage() {
  const token = useToken();
  const location = useLocation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (token) return <Navigate to={from} replace />;
  const ended = sessionEnded();

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md rounded-2xl border border-border bg-card p-8 shadow-xl">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <span className="inline-flex size-8 items-center justify-center rounded-lg bg-primary text-primary-foreground">
            <BarChart3 className="size-4" aria-hidden />
          </span>
          Insights
        </div>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        {ended ? (
          <p role="status" className="mt-3 rounded-md border border-workaround/40 bg-workaround/10 px-3 py-2 text-sm text-foreground">
            Your session has ended. Sign in again to continue.
          </p>
        ) : (
          <p className="mt-2 text-sm text-muted-foreground">Open the console from ResolutionFlow, or paste an access token.</p>
        )}
        <form
          className="mt-6 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const t = value.trim();
            if (t.split('.').length !== 3) {
              setError('That is not a token: a token has three parts separated by dots.');
              return;
            }
            setToken(t);
            navigate(from, { replace: true });
          }}
        >
          <label htmlFor={inputId} className="block text-sm font-medium">
            Access token
          </label>
          <textarea
            id={inputId}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className="w-full resize-none rounded-md border border-input bg-background px-3 py-2 font-mono text-xs break-all"
            placeholder="eyJhbGciOi…"
          />
          {error && (
            <p id={errorId} role="alert" className="text-sm text-escalated">
              {error}
            </p>
          )}
          <button
            type="submit"
            className="inline-flex w-full items-center justify-center gap-2 rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90"
          >
            <KeyRound className="size-4" aria-hidden />
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}
