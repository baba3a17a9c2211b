import type { FlowDashboard, TreeDetail } from '@/lib/api/types';

export type StepRow = FlowDashboard['step_feedback'][number] & { position: number };

/**
 * The step feedback rows in the flow's order (the nodes' positions); a node without feedback
 * shows zero thumbs, feedback on a node no longer in the flow comes last.
 */
export function stepsInFlowOrder(feedback: FlowDashboard['step_feedback'], tree: TreeDetail | undefined): StepRow[] {
  if (!tree) return feedback.map((f, i) => ({ ...f, position: i }));
  const byNode = new Map(feedback.map((f) => [f.node_id, f]));
  const rows: StepRow[] = tree.nodes.flatMap((n): StepRow[] => {
    const f = byNode.get(n.node_id);
    if (f) return [{ ...f, position: n.position }];
    // A node without a step cannot be rated.
    if (n.step_id === null) return [];
    return [
      {
          node_id: n.node_id,
          node_title: n.title,
          step_id: n.step_id,
          helpful_yes: 0,
          helpful_no: 0,
          helpful_rate: null,
          helpful_rate_low: null,
        position: n.position,
      },
    ];
  });
  const known = new Set(tree.nodes.map((n) => n.node_id));
  feedback.forEach((f, i) => {
    if (!known.has(f.node_id)) rows.push({ ...f, position: Number.MAX_SAFE_INTEGER - feedback.length + i });
  });
  return rows.sort((a, b) => a.position - b.position);
}
