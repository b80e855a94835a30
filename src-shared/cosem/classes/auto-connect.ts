// Auto connect (class_id 29, version 2), Blue Book 4.7.6: when and where the device connects by itself.
import { arrayOf, attr, enumOf, LOGICAL_NAME, method, NO_DATA, WINDOW } from './common';
import type { ClassDescriptor } from './types';

export const autoConnect: ClassDescriptor = {
  classId: 29,
  version: 2,
  name: 'Auto connect',
  attributes: [
    LOGICAL_NAME,
    attr(
      2,
      'mode',
      enumOf({
        0: 'no auto dialling',
        1: 'auto dialling allowed anytime',
        2: 'auto dialling allowed within the validity time of the calling window',
        3: "regular auto dialling allowed within the validity time of the calling window; 'alarm' initiated auto dialling allowed anytime",
        4: 'SMS sending via Public Land Mobile Network (PLMN)',
        5: 'SMS sending via PSTN',
        6: 'email sending',
        101: 'permanently connected',
        102: 'connected within the calling window',
        103: 'connected within the calling window, outside on demand',
        104: 'disconnected, connect on demand',
      }),
      'static',
    ),
    attr(3, 'repetitions', 'unsigned', 'static'),
    attr(4, 'repetition_delay', 'long-unsigned', 'static'),
    attr(5, 'calling_window', WINDOW, 'static'),
    attr(6, 'destination_list', arrayOf('octet-string'), 'static'),
  ],
  methods: [method(1, 'connect', NO_DATA)],
};
