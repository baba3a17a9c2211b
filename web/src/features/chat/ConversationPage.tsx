// A conversation (/chat/:id): its messages, thumbs with reasons on assistant messages, the
// message box; read-only levels show their banner and disable the box; the owner has Share.
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ArrowLeft, Bot, Eye, Send, Share2, ShieldAlert, User } from 'lucide-react';
import { EmptyState, ErrorBanner, Loading, PageHeader, cx, isForbidden, isNotFound } from '@/components/ui';
import { formatDateTime } from '@/lib/format';
import { useMe } from '@/lib/me';
import { useConversation, useMessages, usePostMessage } from './api';
import { backToFeedback } from './backLink';
import { MessageFeedback } from './MessageFeedback';
import { ShareDialog } from './ShareDialog';

export const AUDIT_BANNER = 'Read-only audit mode: you are viewing this conversation as an admin';
export const READONLY_BANNER = 'Shared with you as read-only';

export default function ConversationPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const me = useMe();
  const tz = me.data?.account.timezone ?? 'UTC';
  const conv = useConversation(id);
  const messages = useMessages(id, !!conv.data);
  const post = usePostMessage(id);
  const [text, setText] = useState('');
  const [shareOpen, setShareOpen] = useState(false);
  const boxId = useId();
  const endRef = useRef<HTMLDivElement>(null);
  const count = messages.data?.items.length ?? 0;

  useEffect(() => {
    if (count > 0) endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [count]);

  if (conv.error) {
    if (isNotFound(conv.error) || isForbidden(conv.error)) {
      return (
        <div>
          <PageHeader title="Conversation not found" />
          <EmptyState>{isForbidden(conv.error) ? 'This conversation is not shared with you.' : 'This conversation does not exist.'}</EmptyState>
        </div>
      );
    }
    return <ErrorBanner error={conv.error} onRetry={() => conv.refetch()} />;
  }
  const c = conv.data;
  if (!c) return <Loading />;

  const level = c.access_level;
  const audit = level === 'admin_audit';
  const readOnly = audit || level === 'shared_readonly';
  const owner = level === 'owner';

  const send = () => {
    const content = text.trim();
    if (!content || readOnly) return;
    post.mutate(content, { onSuccess: () => setText('') });
  };

  return (
    <div className="mx-auto flex max-w-4xl flex-col">
      {!audit && (
        <Link to="/chat" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden />
          Chat
        </Link>
      )}
      <PageHeader title={c.title} subtitle={`Started ${formatDateTime(c.created_at, tz)}`}>
        {owner && (
          <button
            type="button"
            onClick={() => setShareOpen(true)}
            className="inline-flex items-center gap-1.5 rounded-md border border-border px-3 py-1.5 text-sm hover:bg-muted"
          >
            <Share2 className="size-4" aria-hidden />
            Share
          </button>
        )}
      </PageHeader>

      {readOnly && (
        <div role="status" className="mb-4 flex items-center gap-3 rounded-lg border border-workaround/40 bg-workaround/10 px-4 py-3 text-sm">
          {audit ? <ShieldAlert className="size-4 shrink-0 text-workaround" aria-hidden /> : <Eye className="size-4 shrink-0 text-workaround" aria-hidden />}
          <span className="flex-1">{audit ? AUDIT_BANNER : READONLY_BANNER}</span>
          {audit && (
            <Link
              to={backToFeedback(location.search, location.state)}
              className="inline-flex items-center gap-1 rounded-md border border-border px-2.5 py-1 text-foreground hover:bg-muted"
            >
              <ArrowLeft className="size-4" aria-hidden />
              Back to Feedback
            </Link>
          )}
        </div>
      )}

      <section aria-label="Messages" className="rounded-xl border border-border bg-card p-4">
        {messages.error && <ErrorBanner error={messages.error} onRetry={() => messages.refetch()} />}
        {!messages.data && !messages.error && <Loading />}
        {messages.data && messages.data.items.length === 0 && <EmptyState>No messages yet</EmptyState>}
        {messages.data && messages.data.items.length > 0 && (
          <ol className="space-y-4">
            {messages.data.items.map((m) => {
              const assistant = m.role === 'assistant';
              return (
                <li key={m.id} aria-label={`${assistant ? 'Assistant' : m.role === 'user' ? 'User' : 'System'} message`} className={cx('flex gap-3', !assistant && 'flex-row-reverse')}>
                  <span
                    className={cx('mt-0.5 inline-flex size-7 shrink-0 items-center justify-center rounded-full', assistant ? 'bg-primary/20 text-primary' : 'bg-muted text-muted-foreground')}
                    aria-hidden
                  >
                    {assistant ? <Bot className="size-4" /> : <User className="size-4" />}
                  </span>
                  <div className={cx('min-w-0 max-w-[75%]', !assistant && 'text-right')}>
                    <div
                      className={cx(
                        'inline-block whitespace-pre-wrap break-words rounded-xl px-3.5 py-2.5 text-left text-sm',
                        assistant ? 'bg-background/60 ring-1 ring-border' : 'bg-primary/25',
                      )}
                    >
                      {m.content}
                    </div>
                    <div className={cx('mt-1 flex items-center gap-2 text-xs text-muted-foreground', !assistant && 'justify-end')}>
                      <time dateTime={m.created_at}>{formatDateTime(m.created_at, tz)}</time>
                      {assistant && <MessageFeedback message={m} conversationId={id} disabled={audit} />}
                    </div>
                  </div>
                </li>
              );
            })}
          </ol>
        )}
        <div ref={endRef} />
      </section>

      <form
        className="mt-4 rounded-xl border border-border bg-card p-3"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label htmlFor={boxId} className="sr-only">
          Message
        </label>
        <div className="flex items-end gap-2">
          <textarea
            id={boxId}
            rows={2}
            value={text}
            disabled={readOnly}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                send();
              }
            }}
            placeholder={readOnly ? 'You cannot add messages to this conversation' : 'Write a message… (Enter sends, Shift+Enter for a new line)'}
            className="min-h-11 flex-1 resize-y rounded-md border border-input bg-background px-3 py-2 text-sm disabled:cursor-not-allowed disabled:opacity-60"
          />
          <button
            type="submit"
            disabled={readOnly || post.isPending || text.trim() === ''}
            className="inline-flex items-center gap-1.5 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-50"
          >
            <Send className="size-4" aria-hidden />
            Send
          </button>
        </div>
        {post.error && (
          <p role="alert" className="mt-2 text-sm text-escalated">
            Your message was not sent: {post.error.message}
          </p>
        )}
      </form>

      {owner && <ShareDialog conversationId={id} open={shareOpen} onOpenChange={setShareOpen} />}
    </div>
  );
}
