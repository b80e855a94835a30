// SAP assignment (class_id 17, version 0), Blue Book 4.4.5: which logical device answers on which SAP.
import { arrayOf, attr, field, LOGICAL_NAME, method, structure } from './common';
import type { ClassDescriptor } from './types';

const ASSIGNMENT = structure(field('SAP', 'long-unsigned'), field('logical_device_name', { octetString: 'text' }));

export const sapAssignment: ClassDescriptor = {
  classId: 17,
  version: 0,
  name: 'SAP assignment',
  attributes: [LOGICAL_NAME, attr(2, 'SAP_assignment_list', arrayOf(ASSIGNMENT), 'static', 'read-only')],
  methods: [method(1, 'connect_logical_device', ASSIGNMENT, 'access', true)],
  snMethodOffset: 0x20,
};
