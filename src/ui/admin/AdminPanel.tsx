/** The server admin panel: pending devices, artifacts, deployments, policies. */
export function AdminPanel() {
  return <p>The server admin panel is not built yet.</p>;
}
