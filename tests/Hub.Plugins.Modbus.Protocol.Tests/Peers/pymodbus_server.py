#!/usr/bin/python3
"""A pymodbus (3.0, Debian python3-pymodbus) Modbus server for the protocol library's peer tests.

  pymodbus_server.py tcp [--port 0] --block UNIT:hr|ir:ADDRESS:V1,V2,... [--block ...]
  pymodbus_server.py rtu --device /path/to/pty [--baud 9600] [--parity N] --block ...

Prints one line when ready:  LISTENING tcp 127.0.0.1 <port>   or   LISTENING rtu <device>
and exits when its standard input closes, so a test that dies takes the server with it.
Addresses are zero-based PDU addresses (zero_mode=True); unmapped addresses answer exception 02,
unknown unit ids get no answer at all (pymodbus 3.0 drops them, over TCP and RTU alike).
"""
import argparse
import asyncio
import logging
import os
import sys
import threading
import tty
import types


def install_serial_stand_in():
    """pymodbus.server imports pyserial and pyserial-asyncio at module level, but Debian only recommends them.

    When they are missing, stand in with the two names pymodbus uses: serial.serialutil.SerialException, and
    serial_asyncio.create_serial_connection over a raw pseudo-terminal file descriptor. pymodbus' RTU framer,
    decoder and request handling are unchanged; only the byte pipe differs.
    """
    try:
        import serial  # noqa: F401
        import serial_asyncio  # noqa: F401
        return
    except ImportError:
        pass

    serial_module = types.ModuleType("serial")
    serialutil = types.ModuleType("serial.serialutil")

    class SerialException(IOError):
        pass

    serialutil.SerialException = SerialException
    serial_module.serialutil = serialutil
    serial_module.SerialException = SerialException

    class FdTransport(asyncio.Transport):
        def __init__(self, loop, fd, protocol, port):
            super().__init__()
            self._loop, self._fd, self._protocol = loop, fd, protocol
            self.serial = types.SimpleNamespace(port=port)
            self._closed = False
            loop.add_reader(fd, self._readable)

        def _readable(self):
            try:
                data = os.read(self._fd, 4096)
            except OSError:
                data = b""
            if data:
                self._protocol.data_received(data)

        def write(self, data):
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]

        def is_closing(self):
            return self._closed

        def close(self):
            if not self._closed:
                self._closed = True
                self._loop.remove_reader(self._fd)
                os.close(self._fd)
                self._loop.call_soon(self._protocol.connection_lost, None)

    async def create_serial_connection(loop, protocol_factory, url, **_settings):
        # A pseudo-terminal ignores baud rate and parity; the C# side still sets them through termios.
        fd = os.open(url, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        tty.setraw(fd)
        protocol = protocol_factory()
        transport = FdTransport(loop, fd, protocol, url)
        protocol.connection_made(transport)
        return transport, protocol

    serial_asyncio = types.ModuleType("serial_asyncio")
    serial_asyncio.create_serial_connection = create_serial_connection
    sys.modules["serial"] = serial_module
    sys.modules["serial.serialutil"] = serialutil
    sys.modules["serial_asyncio"] = serial_asyncio


install_serial_stand_in()

from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext, ModbusSparseDataBlock  # noqa: E402
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer  # noqa: E402
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer  # noqa: E402


def parse_blocks(specs):
    units = {}
    for spec in specs:
        unit, table, address, values = spec.split(":")
        if table not in ("hr", "ir"):
            raise SystemExit(f"table must be hr or ir: {spec}")
        tables = units.setdefault(int(unit), {"hr": {}, "ir": {}})
        tables[table][int(address, 0)] = [int(v, 0) for v in values.split(",")]
    return ModbusServerContext(
        slaves={
            unit: ModbusSlaveContext(
                hr=ModbusSparseDataBlock(tables["hr"], mutable=False),
                ir=ModbusSparseDataBlock(tables["ir"], mutable=False),
                zero_mode=True,
            )
            for unit, tables in units.items()
        },
        single=False,
    )


def exit_when_stdin_closes(loop, stop):
    def watch():
        sys.stdin.read()
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch, daemon=True).start()


async def run(args):
    context = parse_blocks(args.block)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    exit_when_stdin_closes(loop, stop)
    if args.mode == "tcp":
        server = ModbusTcpServer(context, framer=ModbusSocketFramer, address=("127.0.0.1", args.port), defer_start=False)
        serving = asyncio.create_task(server.serve_forever())
        await server.serving
        port = server.server.sockets[0].getsockname()[1]
        print(f"LISTENING tcp 127.0.0.1 {port}", flush=True)
    else:
        server = ModbusSerialServer(
            context, framer=ModbusRtuFramer, port=args.device, baudrate=args.baud, parity=args.parity,
            stopbits=1, bytesize=8, timeout=0)
        await server.start()
        if server.transport is None:
            raise SystemExit(f"cannot open {args.device}")
        serving = None
        print(f"LISTENING rtu {args.device}", flush=True)
    await stop.wait()
    if serving is not None:
        serving.cancel()
    await server.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["tcp", "rtu"])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--device")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--parity", default="N")
    parser.add_argument("--block", action="append", default=[])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    level = logging.DEBUG if args.verbose else logging.CRITICAL
    logging.basicConfig(level=level, stream=sys.stderr)
    # pymodbus logs a client's normal disconnect as ERROR; keep stderr for real failures.
    logging.getLogger("pymodbus").setLevel(level)
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
