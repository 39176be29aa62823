export { WorkspaceMenu } from './WorkspaceMenu.tsx';
export { useWorkspaceStore } from './workspaceStore.ts';
export { WORKSHOP_SCENARIOS, type WorkshopScenario } from './workshopScenarios.ts';
