/** The polling lab: side-by-side fleets with different polling intervals. */
export function PollingLab() {
  return <p>The polling lab is not built yet.</p>;
}
