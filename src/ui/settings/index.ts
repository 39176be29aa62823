export { DeviceFaultsPanel, FleetFaultsPanel } from './FaultsPanels.tsx';
