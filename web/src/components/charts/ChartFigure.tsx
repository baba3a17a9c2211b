import type { ReactNode } from 'react';

/** A chart with an accessible name, and its figures as a table for screen readers. */
export function ChartFigure({
  label,
  columns,
  rows,
  children,
  height = 260,
}: {
  label: string;
  columns: string[];
  rows: (string | number)[][];
  children: ReactNode;
  height?: number;
}) {
  return (
    <figure aria-label={label} className="m-0 w-full min-w-0">
      <div aria-hidden className="w-full" style={{ height }}>
        {children}
      </div>
      {/* A table ignores a height, so the clipping box is a div around it. */}
      <div className="sr-only">
      <table>
        <caption>{label}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (j === 0 ? <th key={j} scope="row">{v}</th> : <td key={j}>{v}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
