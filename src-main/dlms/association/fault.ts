// The one error the association's helpers throw internally; ClientAssociation turns it into an
// { kind: 'error', code, message } command (never lets it escape to the caller).

import type { AssociationErrorCode } from './types';

export class AssociationFault extends Error {
  override readonly name = 'AssociationFault';
  constructor(
    readonly code: AssociationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
