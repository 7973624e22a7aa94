/** A SimpleDB error the server answers with: code, HTTP status, message. */
export class SdbFault extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SdbFault';
  }
}

export const fault = {
  invalidParameter: (name: string, value: string, why: string) =>
    new SdbFault('InvalidParameterValue', 400, `Value (${value}) for parameter ${name} is invalid. ${why}`),
  missing: (name: string) => new SdbFault('MissingParameter', 400, `The request must contain the parameter ${name}`),
  noSuchDomain: () => new SdbFault('NoSuchDomain', 400, 'The specified domain does not exist.'),
  query: (why: string) => new SdbFault('InvalidQueryExpression', 400, `The specified query expression syntax is not valid. ${why}`),
};
