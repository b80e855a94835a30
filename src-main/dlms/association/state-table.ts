// The client association as a state table (ARCHITECTURE.md §2; u9n/dlms-cosem's
// DLMS_STATE_TRANSITIONS, borrowed from h11): state × input → the states the step may lead to.
// A pair missing from the table is a protocol error reported to the caller; the state does not
// change. The engine also checks that the state a step chose is among the allowed ones, so the
// table is the one place that says how the association moves.
//
//   idle ──associate──► awaiting-aare ──aare (accepted)───────────────────────────► associated
//                                     └─aare (authentication-required)─► authentication-pending
//   authentication-pending ──hls-request──► awaiting-hls-reply ──hls-reply (verified)──► associated
//   associated ──request──► awaiting-response | sending-blocks | gbt-sending
//   awaiting-response ──block──► receiving-blocks (get-response-with-datablock, get-request-next)
//   awaiting-response ──gbt-block──► gbt-receiving (the meter answered with GBT: GBT to the end)
//   … ──response──► associated (or the next queued request / batch)
//   associated ──release──► awaiting-rlre ──rlre──► released
//   any ──abort──► idle

import type { TransitionTable } from '../framing/hdlc/link-types';

export const ASSOCIATION_STATES = [
  'idle',
  'awaiting-aare',
  'authentication-pending',
  'awaiting-hls-reply',
  'associated',
  'awaiting-response',
  'receiving-blocks',
  'sending-blocks',
  'gbt-receiving',
  'gbt-sending',
  'awaiting-rlre',
  'released',
] as const;
export type AssociationState = (typeof ASSOCIATION_STATES)[number];

/**
 * Inputs: the caller's calls (associate, request, release, abort, timeout, cancel) and what a
 * received APDU is to the association (aare, hls-reply, response, block, block-ack, gbt-block,
 * exception, rlre, notification).
 */
export const ASSOCIATION_INPUTS = [
  'associate',
  'aare',
  'hls-request',
  'hls-reply',
  'request',
  'response',
  'block',
  'block-ack',
  'gbt-block',
  'exception',
  'notification',
  'timeout',
  'cancel',
  'release',
  'rlre',
  'abort',
] as const;
export type AssociationInput = (typeof ASSOCIATION_INPUTS)[number];

/** Where a finished request leaves the association: idle, or busy with the next queued one. */
const AFTER_RESULT = ['associated', 'awaiting-response', 'sending-blocks', 'gbt-sending'] as const;
const IN_FLIGHT = ['awaiting-response', 'receiving-blocks', 'sending-blocks', 'gbt-receiving', 'gbt-sending'] as const;
/**
 * While a request is in flight: more requests queue, a push is passed on, an exception ends the
 * request, cancelling a queued request changes nothing and cancelling the running one ends it.
 */
const BUSY = {
  request: IN_FLIGHT,
  notification: IN_FLIGHT,
  exception: AFTER_RESULT,
  cancel: [...IN_FLIGHT, 'associated'],
  abort: ['idle'],
} as const;

export const ASSOCIATION_TRANSITIONS: TransitionTable<AssociationState, AssociationInput> = {
  idle: { associate: ['awaiting-aare'], abort: ['idle'] },
  'awaiting-aare': {
    aare: ['associated', 'authentication-pending', 'idle'],
    exception: ['idle'],
    timeout: ['idle'],
    abort: ['idle'],
  },
  'authentication-pending': { 'hls-request': ['awaiting-hls-reply', 'idle'], abort: ['idle'] },
  'awaiting-hls-reply': {
    'hls-reply': ['associated', 'idle', 'awaiting-hls-reply'], // the last: pass 4 arriving in pblocks
    exception: ['idle'],
    timeout: ['idle'],
    abort: ['idle'],
  },
  associated: {
    request: ['awaiting-response', 'sending-blocks', 'gbt-sending', 'associated'],
    notification: ['associated'],
    timeout: ['associated'],
    release: ['awaiting-rlre', 'released'],
    abort: ['idle'],
  },
  'awaiting-response': {
    ...BUSY,
    response: AFTER_RESULT,
    block: ['receiving-blocks', ...AFTER_RESULT],
    'gbt-block': ['gbt-receiving', ...AFTER_RESULT],
    timeout: AFTER_RESULT,
  },
  'receiving-blocks': {
    ...BUSY,
    block: ['receiving-blocks', ...AFTER_RESULT],
    timeout: AFTER_RESULT,
  },
  'sending-blocks': {
    ...BUSY,
    'block-ack': ['sending-blocks', 'awaiting-response', ...AFTER_RESULT],
    response: AFTER_RESULT,
    block: ['receiving-blocks', ...AFTER_RESULT],
    timeout: AFTER_RESULT,
  },
  'gbt-receiving': {
    ...BUSY,
    'gbt-block': ['gbt-receiving', 'gbt-sending', ...AFTER_RESULT],
    timeout: ['gbt-receiving', ...AFTER_RESULT],
  },
  'gbt-sending': {
    ...BUSY,
    'gbt-block': ['gbt-sending', 'gbt-receiving', ...AFTER_RESULT],
    response: AFTER_RESULT,
    timeout: AFTER_RESULT,
  },
  'awaiting-rlre': { rlre: ['released'], exception: ['released'], timeout: ['released'], abort: ['idle'] },
  released: { associate: ['awaiting-aare'], abort: ['idle'] },
};

/** The states an input may lead to from `state`, or undefined when the table does not allow it. */
export function allowedTransitions(state: AssociationState, input: AssociationInput): readonly AssociationState[] | undefined {
  return ASSOCIATION_TRANSITIONS[state][input];
}
