// Auto answer (class_id 28, version 0), Blue Book 4.7.5: when the modem answers incoming calls.
// Version 0 as most meters report it (Gurux models the same 6 attributes); v2 adds list_of_allowed_callers.
import { attr, enumOf, field, LOGICAL_NAME, structure, WINDOW } from './common';
import type { ClassDescriptor } from './types';

export const autoAnswer: ClassDescriptor = {
  classId: 28,
  version: 0,
  name: 'Auto answer',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'mode', enumOf({ 0: 'line dedicated to the device', 1: 'shared line management with a limited number of calls allowed', 2: 'shared line management with a limited number of successful calls allowed', 3: 'currently no modem connected' }), 'static'),
    attr(3, 'listening_window', WINDOW, 'static'),
    attr(4, 'status', enumOf({ 0: 'inactive', 1: 'active', 2: 'locked' }), 'dynamic'),
    attr(5, 'number_of_calls', 'unsigned', 'static'),
    attr(6, 'number_of_rings', structure(field('nr_rings_in_window', 'unsigned'), field('nr_rings_out_of_window', 'unsigned')), 'static'),
  ],
  methods: [],
};
