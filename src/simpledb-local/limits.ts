// The server's limits: SimpleDB's documented ones by default, each overridable (e.g. a small
// response size to test paging).

export interface SimpleDbLimits {
  maxDomains: number;
  maxPairsPerItem: number;
  maxAttributesPerCall: number;
  maxItemsPerBatch: number;
  maxNameBytes: number;
  maxDomainBytes: number;
  maxDomainAttributes: number;
  maxSelectResponseBytes: number;
}

export const DEFAULT_LIMITS: SimpleDbLimits = {
  maxDomains: 250,
  maxPairsPerItem: 256,
  maxAttributesPerCall: 256,
  maxItemsPerBatch: 25,
  maxNameBytes: 1024,
  maxDomainBytes: 10 * 1024 ** 3,
  maxDomainAttributes: 1_000_000_000,
  maxSelectResponseBytes: 1024 * 1024,
};
