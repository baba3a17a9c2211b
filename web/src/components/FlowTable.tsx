import { Link } from 'react-router';
import type { TopFlow } from '@/lib/api/types';
import { formatCount, formatCsat, formatMinutes, formatRate } from '@/lib/format';
import { EmptyState, Table, Td, Th } from './ui';

/**
 * The flows of a dashboard (Team Analytics' leaderboard, My Top Flows): sessions, completion
 * rate, average duration and CSAT; a name opens the flow's page with `search` (the period).
 */
export function FlowTable({ flows, caption, search }: { flows: TopFlow[]; caption: string; search: string }) {
  if (flows.length === 0) return <EmptyState>No sessions in this period</EmptyState>;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Flow</Th>
          <Th align="right">Sessions</Th>
          <Th align="right">Completion</Th>
          <Th align="right">Avg duration</Th>
          <Th align="right">CSAT</Th>
        </tr>
      </thead>
      <tbody>
        {flows.map((f) => (
          <tr key={f.tree_id}>
            <Td className="max-w-56 truncate">
              <Link to={`/flows/${f.tree_id}${search}`} className="font-medium text-foreground underline-offset-2 hover:text-primary hover:underline">
                {f.name}
              </Link>
            </Td>
            <Td align="right">{formatCount(f.sessions)}</Td>
            <Td align="right">{formatRate(f.completion_rate)}</Td>
            <Td align="right">{formatMinutes(f.avg_duration_minutes)}</Td>
            <Td align="right">{formatCsat(f.avg_csat)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
