// Disconnect control (class_id 70, version 0), Blue Book 4.5.8: the supply breaker.
import { attr, enumOf, LOGICAL_NAME, method, NO_DATA } from './common';
import type { ClassDescriptor } from './types';

export const CONTROL_STATES = { 0: 'Disconnected', 1: 'Connected', 2: 'Ready_for_reconnection' } as const;

export const CONTROL_MODES = {
  0: 'None: the disconnect control object is always in connected state',
  1: 'Disconnection: remote (b, c), manual (f), local (g); reconnection: remote (d), manual (e)',
  2: 'Disconnection: remote (b, c), manual (f), local (g); reconnection: remote (a), manual (e)',
  3: 'Disconnection: remote (b, c), manual -, local (g); reconnection: remote (d), manual (e)',
  4: 'Disconnection: remote (b, c), manual -, local (g); reconnection: remote (a), manual (e)',
  5: 'Disconnection: remote (b, c), manual (f), local (g); reconnection: remote (d), manual (e), local (h)',
  6: 'Disconnection: remote (b, c), manual -, local (g); reconnection: remote (d), manual (e), local (h)',
} as const;

export const disconnectControl: ClassDescriptor = {
  classId: 70,
  version: 0,
  name: 'Disconnect control',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'output_state', 'boolean', 'dynamic'),
    attr(3, 'control_state', enumOf(CONTROL_STATES), 'dynamic'),
    attr(4, 'control_mode', enumOf(CONTROL_MODES), 'static'),
  ],
  methods: [method(1, 'remote_disconnect', NO_DATA), method(2, 'remote_reconnect', NO_DATA)],
  snMethodOffset: 0x20,
};
