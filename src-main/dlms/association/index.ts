// The client association engine (sans-I/O): state table, AARQ from settings, HLS, ciphering,
// services with block transfer and GBT, object list. See client.ts for the event/command API.

export { ClientAssociation, type ClientAssociationOptions } from './client';
export { ASSOCIATION_INPUTS, ASSOCIATION_STATES, ASSOCIATION_TRANSITIONS, allowedTransitions, type AssociationInput, type AssociationState } from './state-table';
export { applicationContextFor, buildAarq, buildRlrq, challengeFor, initiateRequestFor, isCipheredContext, mechanismIdFor, SettingsError, settingsSecrets, type AssociationSecrets } from './aarq';
export { CIPHERING_OVERHEAD, CipheringContext } from './ciphering';
export { HLS_VERIFY_FAILED, replyToHlsRequest, snMethodName, type HlsOptions } from './hls';
export { GbtReceiver, GbtSender, GBT_OVERHEAD } from './gbt';
export { decodeAttributeValue, parseObjectListLn, parseObjectListSn, scalerUnitAttribute, scalerUnitOf, type DecodedAttribute, type ObjectListEntry } from './object-list';
export type { AssociationCommand, AssociationErrorCode, AssociationInfo, AttributeRef, InvocationCounterLedger, MethodRef, RandomSource, RequestResult, RequestStart } from './types';
