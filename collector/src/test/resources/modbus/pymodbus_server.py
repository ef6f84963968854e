#!/usr/bin/python3
"""A third-party Modbus TCP server for the collector's tests: Debian's python3-pymodbus (3.0.x),
serving input and holding registers per unit id from a data file, on 127.0.0.1.
  pymodbus_server.py PORT DATAFILE
DATAFILE lines: UNIT START WORD WORD ...   (decimal; input registers, and the same words as holding)
Units not in the file get no answer (pymodbus's behaviour). Adapted from ../shared/bench/modbus/server_pymodbus.py."""
import logging, sys
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
from pymodbus.server import StartTcpServer
from pymodbus.transaction import ModbusSocketFramer

SIZE = 0x400

def load(path):
    regs = {}
    with open(path) as f:
        for line in f:
            p = [int(x) for x in line.split()]
            if not p:
                continue
            unit, start, words = p[0], p[1], p[2:]
            r = regs.setdefault(unit, [0] * SIZE)
            r[start:start + len(words)] = words
    return {u: ModbusSlaveContext(ir=ModbusSequentialDataBlock(0, r), hr=ModbusSequentialDataBlock(0, list(r)), zero_mode=True)
            for u, r in regs.items()}

if __name__ == '__main__':
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)  # it logs ERROR on every client disconnect
    port, path = int(sys.argv[1]), sys.argv[2]
    print("pymodbus server on 127.0.0.1:%d" % port, file=sys.stderr, flush=True)
    StartTcpServer(context=ModbusServerContext(slaves=load(path), single=False), address=('127.0.0.1', port),
                   framer=ModbusSocketFramer)
