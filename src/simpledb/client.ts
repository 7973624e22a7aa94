// A typed client for Amazon SimpleDB (API 2009-04-15): its ten actions, each turned into Query
// protocol parameters and its response into typed output; transport.ts signs, sends and retries.
// AWS SDK v3 has no SimpleDB client, so this is the project's own; it imports nothing from the
// rest of pullback.
import { CLIENT_ERROR_CODES, SimpleDbError } from './errors.ts';
import { QueryTransport, type Params, type SimpleDbClientConfig } from './transport.ts';
import type {
  Attribute,
  BatchDeleteAttributesInput,
  BatchPutAttributesInput,
  CallOptions,
  CreateDomainInput,
  DeletableAttribute,
  DeleteAttributesInput,
  DeleteDomainInput,
  DomainMetadataInput,
  DomainMetadataOutput,
  GetAttributesInput,
  GetAttributesOutput,
  Item,
  ListDomainsInput,
  ListDomainsOutput,
  PutAttributesInput,
  ReplaceableAttribute,
  ResponseMetadata,
  SelectInput,
  SelectOutput,
  UpdateCondition,
} from './types.ts';
import { childrenNamed, childText, decodedText, type XmlElement } from './xml.ts';
import { readCompactSelect } from './select-response.ts';

export { SimpleDbError } from './errors.ts';
export { API_VERSION, DEFAULT_RESPONSE_LIMITS, SIMPLEDB_ENDPOINTS, type ResponseLimits, type SimpleDbClientConfig } from './transport.ts';
export type * from './types.ts';

export class SimpleDbClient {
  readonly region: string;
  readonly endpoint: URL;
  readonly #transport: QueryTransport;

  constructor(config: SimpleDbClientConfig = {}) {
    this.#transport = new QueryTransport(config);
    this.region = this.#transport.region;
    this.endpoint = this.#transport.endpoint;
  }

  /** Debug form without secrets. */
  toJSON(): Record<string, unknown> {
    return { region: this.region, endpoint: this.endpoint.href, credentials: 'REDACTED' };
  }

  async createDomain(input: CreateDomainInput, options?: CallOptions): Promise<ResponseMetadata> {
    const { meta } = await this.#transport.call('CreateDomain', [['DomainName', input.DomainName]], options);
    return meta;
  }

  async deleteDomain(input: DeleteDomainInput, options?: CallOptions): Promise<ResponseMetadata> {
    const { meta } = await this.#transport.call('DeleteDomain', [['DomainName', input.DomainName]], options);
    return meta;
  }

  async listDomains(input: ListDomainsInput = {}, options?: CallOptions): Promise<ListDomainsOutput> {
    const params: Params = [];
    if (input.MaxNumberOfDomains !== undefined) params.push(['MaxNumberOfDomains', String(input.MaxNumberOfDomains)]);
    if (input.NextToken !== undefined) params.push(['NextToken', input.NextToken]);
    const { result, meta } = await this.#transport.call('ListDomains', params, options);
    const out: ListDomainsOutput = { ...meta, DomainNames: result ? childrenNamed(result, 'DomainName').map(decodedText) : [] };
    const token = result && childText(result, 'NextToken');
    if (token) out.NextToken = token;
    return out;
  }

  async domainMetadata(input: DomainMetadataInput, options?: CallOptions): Promise<DomainMetadataOutput> {
    const { result, meta } = await this.#transport.call('DomainMetadata', [['DomainName', input.DomainName]], options);
    const num = (name: string): number => {
      const text = result && childText(result, name);
      const n = text === undefined ? Number.NaN : Number(text);
      if (!Number.isFinite(n)) throw new SimpleDbError(CLIENT_ERROR_CODES.badResponse, `DomainMetadata response lacks a numeric ${name}`, 200, { action: 'DomainMetadata' });
      return n;
    };
    return {
      ...meta,
      ItemCount: num('ItemCount'),
      ItemNamesSizeBytes: num('ItemNamesSizeBytes'),
      AttributeNameCount: num('AttributeNameCount'),
      AttributeNamesSizeBytes: num('AttributeNamesSizeBytes'),
      AttributeValueCount: num('AttributeValueCount'),
      AttributeValuesSizeBytes: num('AttributeValuesSizeBytes'),
      Timestamp: num('Timestamp'),
    };
  }

  async putAttributes(input: PutAttributesInput, options?: CallOptions): Promise<ResponseMetadata> {
    const params: Params = [['DomainName', input.DomainName], ['ItemName', input.ItemName]];
    pushReplaceable(params, 'Attribute.', input.Attributes);
    pushExpected(params, input.Expected);
    const { meta } = await this.#transport.call('PutAttributes', params, options);
    return meta;
  }

  async batchPutAttributes(input: BatchPutAttributesInput, options?: CallOptions): Promise<ResponseMetadata> {
    const { meta } = await this.#transport.call('BatchPutAttributes', batchPutParams(input), options);
    return meta;
  }

  async deleteAttributes(input: DeleteAttributesInput, options?: CallOptions): Promise<ResponseMetadata> {
    const params: Params = [['DomainName', input.DomainName], ['ItemName', input.ItemName]];
    pushDeletable(params, 'Attribute.', input.Attributes);
    pushExpected(params, input.Expected);
    const { meta } = await this.#transport.call('DeleteAttributes', params, options);
    return meta;
  }

  async batchDeleteAttributes(input: BatchDeleteAttributesInput, options?: CallOptions): Promise<ResponseMetadata> {
    const { meta } = await this.#transport.call('BatchDeleteAttributes', batchDeleteParams(input), options);
    return meta;
  }

  async getAttributes(input: GetAttributesInput, options?: CallOptions): Promise<GetAttributesOutput> {
    const params: Params = [['DomainName', input.DomainName], ['ItemName', input.ItemName]];
    (input.AttributeNames ?? []).forEach((name, i) => params.push([`AttributeName.${i + 1}`, name]));
    if (input.ConsistentRead !== undefined) params.push(['ConsistentRead', String(input.ConsistentRead)]);
    const { result, meta } = await this.#transport.call('GetAttributes', params, options);
    return { ...meta, Attributes: result ? readAttributes(result) : [] };
  }

  async select(input: SelectInput, options?: CallOptions): Promise<SelectOutput> {
    const params: Params = [['SelectExpression', input.SelectExpression]];
    if (input.NextToken !== undefined) params.push(['NextToken', input.NextToken]);
    if (input.ConsistentRead !== undefined) params.push(['ConsistentRead', String(input.ConsistentRead)]);
    // Most pages are read straight into items (select-response.ts); any other body as a tree.
    const { result, meta, page } = await this.#transport.callWithFastReader('Select', params, options, readCompactSelect);
    if (page) return page.output;
    return selectFromTree(result, meta);
  }
}

/** A Select page from its `SelectResult` element (the general reader's tree). */
export function selectFromTree(result: XmlElement | undefined, meta: ResponseMetadata): SelectOutput {
  const items: Item[] = result ? childrenNamed(result, 'Item').map((el) => ({ Name: childText(el, 'Name') ?? '', Attributes: readAttributes(el) })) : [];
  const out: SelectOutput = { ...meta, Items: items };
  const token = result && childText(result, 'NextToken');
  if (token) out.NextToken = token;
  return out;
}

function readAttributes(el: XmlElement): Attribute[] {
  return childrenNamed(el, 'Attribute').map((a) => ({ Name: childText(a, 'Name') ?? '', Value: childText(a, 'Value') ?? '' }));
}

/**
 * A BatchPutAttributes call's parameters (but the transport's own), in byte order of their names:
 * the items and each item's attributes numbered as given, listed in the order of their numbers'
 * text (textOrder).
 */
export function batchPutParams(input: BatchPutAttributesInput): Params {
  const params: Params = [['DomainName', input.DomainName]];
  for (const i of textOrder(input.Items.length)) {
    const item = input.Items[i - 1]!;
    pushReplaceable(params, `Item.${i}.Attribute.`, item.Attributes);
    params.push([`Item.${i}.ItemName`, item.Name]);
  }
  return params;
}

/** A BatchDeleteAttributes call's parameters, in byte order of their names (as batchPutParams). */
export function batchDeleteParams(input: BatchDeleteAttributesInput): Params {
  const params: Params = [['DomainName', input.DomainName]];
  for (const i of textOrder(input.Items.length)) {
    const item = input.Items[i - 1]!;
    pushDeletable(params, `Item.${i}.Attribute.`, item.Attributes);
    params.push([`Item.${i}.ItemName`, item.Name]);
  }
  return params;
}

/** textOrder(n), kept for the sizes a call has (25 items, up to 256 attributes). */
const textOrders: number[][] = [];

/**
 * 1..n in the byte order of their decimal text: 1, 10, 11, ..., 19, 2, 20, ... That is the order of
 * the names `Item.1.`, `Item.10.`, ... `Item.2.` in the string to sign, which sorts every parameter
 * by name (sigv2.ts): listed so, a batch's few hundred parameters are one sorted run, which the sort
 * passes through with one comparison each, where listed 1, 2, 3 they took thousands (a sixth of a
 * restore's signing, issue 11). Within a number, `.Name` < `.Replace` < `.Value`, and an item's
 * `Attribute.` names come before its `ItemName`.
 */
function textOrder(n: number): number[] {
  let order = textOrders[n];
  if (order === undefined) {
    order = Array.from({ length: n }, (_, i) => i + 1).sort((a, b) => (String(a) < String(b) ? -1 : 1));
    if (n <= 256) textOrders[n] = order;
  }
  return order;
}

function pushReplaceable(params: Params, prefix: string, attributes: ReplaceableAttribute[]): void {
  for (const i of textOrder(attributes.length)) {
    const a = attributes[i - 1]!;
    params.push([`${prefix}${i}.Name`, a.Name]);
    if (a.Replace) params.push([`${prefix}${i}.Replace`, 'true']);
    params.push([`${prefix}${i}.Value`, a.Value]);
  }
}

function pushDeletable(params: Params, prefix: string, attributes: DeletableAttribute[] | undefined): void {
  for (const i of textOrder(attributes?.length ?? 0)) {
    const a = attributes![i - 1]!;
    params.push([`${prefix}${i}.Name`, a.Name]);
    if (a.Value !== undefined) params.push([`${prefix}${i}.Value`, a.Value]);
  }
}

function pushExpected(params: Params, expected: UpdateCondition | undefined): void {
  if (!expected) return;
  params.push(['Expected.1.Name', expected.Name]);
  if (expected.Value !== undefined) params.push(['Expected.1.Value', expected.Value]);
  if (expected.Exists !== undefined) params.push(['Expected.1.Exists', String(expected.Exists)]);
}
