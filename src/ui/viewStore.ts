import { create } from 'zustand';

/** The app's views, in the order the navigation shows them. */
export const VIEWS = [
  { id: 'fleet', label: 'Fleet' },
  { id: 'device', label: 'Device' },
  { id: 'admin', label: 'Server admin' },
  { id: 'lab', label: 'Polling lab' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

interface ViewState {
  view: ViewId;
  /** The device the device view shows. */
  selectedDeviceId: string | null;
  show(view: ViewId): void;
  /** Selects a device and opens the device view on it. */
  openDevice(deviceId: string): void;
  /** Selects a device without changing the view. */
  selectDevice(deviceId: string | null): void;
}

export const useViewStore = create<ViewState>((set) => ({
  view: 'fleet',
  selectedDeviceId: null,
  show: (view) => set({ view }),
  openDevice: (deviceId) => set({ view: 'device', selectedDeviceId: deviceId }),
  selectDevice: (deviceId) => set({ selectedDeviceId: deviceId }),
}));
