// The inputs and outputs of SimpleDB's ten actions (API 2009-04-15), named as the API names them.

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ResponseMetadata {
  RequestId?: string;
  BoxUsage?: string;
}

export interface Attribute {
  Name: string;
  Value: string;
}
export interface ReplaceableAttribute {
  Name: string;
  Value: string;
  Replace?: boolean;
}
export interface DeletableAttribute {
  Name: string;
  Value?: string;
}
export interface Item {
  Name: string;
  Attributes: Attribute[];
}
/** One condition on a single-valued attribute: `Value` must match, or `Exists: false` means it must be absent. */
export interface UpdateCondition {
  Name: string;
  Value?: string;
  Exists?: boolean;
}

export interface CreateDomainInput { DomainName: string }
export interface DeleteDomainInput { DomainName: string }
export interface ListDomainsInput { MaxNumberOfDomains?: number; NextToken?: string }
export interface ListDomainsOutput extends ResponseMetadata { DomainNames: string[]; NextToken?: string }
export interface DomainMetadataInput { DomainName: string }
export interface DomainMetadataOutput extends ResponseMetadata {
  ItemCount: number;
  ItemNamesSizeBytes: number;
  AttributeNameCount: number;
  AttributeNamesSizeBytes: number;
  AttributeValueCount: number;
  AttributeValuesSizeBytes: number;
  /** Unix time in seconds when the metadata was computed. */
  Timestamp: number;
}
export interface PutAttributesInput {
  DomainName: string;
  ItemName: string;
  Attributes: ReplaceableAttribute[];
  Expected?: UpdateCondition;
}
export interface ReplaceableItem { Name: string; Attributes: ReplaceableAttribute[] }
export interface BatchPutAttributesInput { DomainName: string; Items: ReplaceableItem[] }
export interface DeleteAttributesInput {
  DomainName: string;
  ItemName: string;
  Attributes?: DeletableAttribute[];
  Expected?: UpdateCondition;
}
export interface DeletableItem { Name: string; Attributes?: DeletableAttribute[] }
export interface BatchDeleteAttributesInput { DomainName: string; Items: DeletableItem[] }
export interface GetAttributesInput {
  DomainName: string;
  ItemName: string;
  AttributeNames?: string[];
  ConsistentRead?: boolean;
}
export interface GetAttributesOutput extends ResponseMetadata { Attributes: Attribute[] }
export interface SelectInput { SelectExpression: string; NextToken?: string; ConsistentRead?: boolean }
export interface SelectOutput extends ResponseMetadata { Items: Item[]; NextToken?: string }
