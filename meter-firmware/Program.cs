using System.Runtime.InteropServices;
using MeterFirmware;

// SIGTERM (systemd stop) and Ctrl-C end the loops; the state is already on disk after every reading.
using var stopping = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopping.Cancel(); });
return await FirmwareHost.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, stopping.Token).ConfigureAwait(false);
