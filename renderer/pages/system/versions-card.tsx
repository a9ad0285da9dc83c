import { Card } from '../../components/card';

export function VersionsCard({ versions }: { versions: Record<string, string> }) {
  const rows = Object.entries(versions).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card title="Library versions" className="card-wide" testId="versions">
      {rows.length === 0 ? (
        <p className="muted">No versions reported.</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Library</th>
              <th scope="col">Version</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, version]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>{version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
