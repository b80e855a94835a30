// TCP-UDP setup (class_id 41, version 0), Blue Book 4.9.1: the wrapper's TCP/UDP port and limits.
import { attr, LOGICAL_NAME, OBIS } from './common';
import type { ClassDescriptor } from './types';

export const tcpUdpSetup: ClassDescriptor = {
  classId: 41,
  version: 0,
  name: 'TCP-UDP setup',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'TCP-UDP_port', 'long-unsigned', 'static'),
    attr(3, 'IP_reference', OBIS, 'static'),
    attr(4, 'MSS', 'long-unsigned', 'static'),
    attr(5, 'nb_of_sim_conn', 'unsigned', 'static'),
    attr(6, 'inactivity_time_out', 'long-unsigned', 'static'),
  ],
  methods: [],
};
