import type { InventoryRegistration } from '../machines/inventoryTypes.ts';
import type { ClientSettings } from '../machines/clientSettings.ts';

/** The Zephyr platform's build-info items (persistent). */
export function buildInfoInventory(settings: ClientSettings): InventoryRegistration {
  return {
    persistent: true,
    callback() {
      return [
        { name: 'mender_client', value: 'Mender MCU client (Zephyr)' },
        { name: 'mender_client_version', value: settings.clientVersion },
        { name: 'zephyr_version', value: settings.zephyrVersion },
      ];
    },
  };
}

/** The address plan of one simulated interface. */
export interface InterfaceAddresses {
  readonly name: string;
  readonly ipv4: string;
  readonly netmask: string;
  readonly gateway: string;
}

/** The Zephyr platform's network items (dynamic: read at every run). */
export function networkInfoInventory(
  addresses: () => InterfaceAddresses,
): InventoryRegistration {
  return {
    persistent: false,
    callback() {
      const current = addresses();
      return [
        { name: 'Default network interface', value: current.name },
        { name: `IPv4[${current.name}]`, value: current.ipv4 },
        { name: `Netmask[${current.name}]`, value: current.netmask },
        { name: `Gateway[${current.name}]`, value: current.gateway },
      ];
    },
  };
}

/** A user's inventory callback described as data, for scenarios and the app. */
export interface InventoryDescription {
  readonly persistent: boolean;
  readonly items: readonly { readonly name: string; readonly value: string }[];
}

export function describedInventory(
  description: InventoryDescription,
): InventoryRegistration {
  const items = description.items.map(({ name, value }) => ({ name, value }));
  return {
    persistent: description.persistent,
    callback() {
      return items;
    },
  };
}

/** The reference app's own item. */
export const REFERENCE_APP_INVENTORY: InventoryDescription = {
  persistent: true,
  items: [{ name: 'App', value: 'mender-mcu-integration' }],
};
