/** One inventory attribute as the server stores it. */
export interface InventoryItem {
  readonly name: string;
  readonly value: string;
}

/**
 * An inventory callback (inventory.h): returns its items, or undefined when
 * it failed (a failing persistent callback is skipped).
 */
export type InventoryCallback = () => readonly InventoryItem[] | undefined;

/** A registered callback; persistent ones are collected once per boot. */
export interface InventoryRegistration {
  readonly callback: InventoryCallback;
  readonly persistent: boolean;
}

/** At most this many callbacks, core ones included (inventory.c). */
export const MAX_INVENTORY_CALLBACKS = 16;
