// Placeholder until the hosts land: exposes nothing.
export {};
