#!/usr/bin/python3
"""A third-party Modbus server for the collector's tests: Debian's python3-pymodbus (3.0.x),
serving input and holding registers per unit id from a data file, over TCP on 127.0.0.1 or as
an RTU slave on a serial device at 9600 8N1 (one end of a socat pty pair).
  pymodbus_server.py PORT DATAFILE        Modbus TCP on 127.0.0.1:PORT
  pymodbus_server.py DEVICE DATAFILE      Modbus RTU on DEVICE; prints "ready" once the device is open
DATAFILE lines: UNIT START WORD WORD ...   (decimal; input registers, and the same words as holding)
Units not in the file get no answer (pymodbus's behaviour). Adapted from ../shared/bench/modbus/server_pymodbus.py."""
import asyncio, logging, sys
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
from pymodbus.server import StartTcpServer, StartAsyncSerialServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer

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

async def serve_serial(context, device):
    # its default framer is ASCII; the port is open once start() returns
    server = await StartAsyncSerialServer(context=context, framer=ModbusRtuFramer, port=device, baudrate=9600,
                                          bytesize=8, parity='N', stopbits=1, defer_start=True)
    await server.start()
    print("ready", flush=True)
    await server.serve_forever()

if __name__ == '__main__':
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)  # it logs ERROR on every client disconnect
    where, path = sys.argv[1], sys.argv[2]
    context = ModbusServerContext(slaves=load(path), single=False)
    if where.isdigit():
        print("pymodbus server on 127.0.0.1:%s" % where, file=sys.stderr, flush=True)
        StartTcpServer(context=context, address=('127.0.0.1', int(where)), framer=ModbusSocketFramer)
    else:
        print("pymodbus RTU server on %s 9600 8N1" % where, file=sys.stderr, flush=True)
        asyncio.run(serve_serial(context, where))
