using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SmartMeter.Peers;

/// <summary>
/// A program started for a test or a benchmark. Its stdout and stderr are kept (the last
/// <see cref="MaxLogLines"/> lines) so that a failure message can show what the program said.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>How many of the most recent output lines are kept for <see cref="Log"/>.</summary>
    public const int MaxLogLines = 3000;

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly List<LineWaiter> _waiters = [];
    private readonly Action<string>? _onLine;
    private readonly Task _exited;
    private long _droppedLines;

    private ChildProcess(string name, Process process, Action<string>? onLine)
    {
        Name = name;
        _process = process;
        _onLine = onLine;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        _process.Start();
        Id = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _exited = WatchExitAsync();
    }

    /// <summary>A short name for messages, e.g. "hub" or "mosquitto".</summary>
    public string Name { get; }

    /// <summary>The process id of the started program (for a wrapper such as strace: the wrapper's).</summary>
    public int Id { get; }

    public bool HasExited => _exited.IsCompleted;

    /// <summary>The exit code once the program has exited (128+N after signal N, as a shell reports it).</summary>
    public int? ExitCode => _exited.IsCompleted ? _process.ExitCode : null;

    /// <summary>The program's stdin, when it was started with <c>redirectStandardInput</c>.</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>The kept output, stderr lines marked "!".</summary>
    public string Log
    {
        get
        {
            lock (_gate)
            {
                var text = new StringBuilder();
                if (_droppedLines > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"[{_droppedLines} earlier lines dropped]\n");
                }

                foreach (var line in _lines)
                {
                    text.Append(line).Append('\n');
                }

                return text.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> (no shell). <paramref name="onLine"/> is
    /// called for every stdout/stderr line, on a thread-pool thread (e.g. to count deliveries).
    /// </summary>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onLine = null,
        bool redirectStandardInput = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStandardInput,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        try
        {
            return new ChildProcess(name, process, onLine);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"{name}: cannot start '{fileName}': {ex.Message}. Is it installed (scripts/install-deps.sh)?", ex);
        }
    }

    /// <summary>
    /// Waits until a line (already printed or still to come) satisfies <paramref name="predicate"/> and returns it.
    /// Throws <see cref="TimeoutException"/> or, when the program exits first, <see cref="InvalidOperationException"/>,
    /// both with the log.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var waiter = new LineWaiter(predicate);
        lock (_gate)
        {
            foreach (var kept in _lines)
            {
                var line = StripMarker(kept);
                if (predicate(line))
                {
                    return line;
                }
            }

            _waiters.Add(waiter);
        }

        try
        {
            var finished = await Task.WhenAny(waiter.Found.Task, _exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            if (finished == waiter.Found.Task)
            {
                return await waiter.Found.Task.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (finished == _exited)
            {
                // The last lines may have been delivered together with the exit.
                if (waiter.Found.Task.IsCompleted)
                {
                    return await waiter.Found.Task.ConfigureAwait(false);
                }

                throw new InvalidOperationException($"{Name} exited with code {ExitCode} before printing the awaited line.\n{Log}");
            }

            throw new TimeoutException($"{Name} did not print the awaited line within {timeout.TotalSeconds:0.#} s.\n{Log}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits for the program to exit; returns its exit code or throws <see cref="TimeoutException"/> with the log.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var finished = await Task.WhenAny(_exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (finished != _exited)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0.#} s.\n{Log}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM (a clean stop, as systemd does it), then waits; SIGKILL if it has not exited within <paramref name="timeout"/>.</summary>
    /// <returns>The exit code, or null when it had to be killed.</returns>
    public Task<int?> TerminateAsync(TimeSpan timeout) => SignalAndWaitAsync(Id, PosixSignals.SigTerm, timeout);

    /// <summary>SIGINT (Ctrl-C), then waits; SIGKILL if it has not exited within <paramref name="timeout"/>.</summary>
    public Task<int?> InterruptAsync(TimeSpan timeout) => SignalAndWaitAsync(Id, PosixSignals.SigInt, timeout);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> (this process or one of its descendants) and waits for this process to exit.</summary>
    public async Task<int?> SignalAndWaitAsync(int pid, int signal, TimeSpan timeout)
    {
        if (HasExited)
        {
            return _process.ExitCode;
        }

        PosixSignals.Send(pid, signal);
        if (await Task.WhenAny(_exited, Task.Delay(timeout)).ConfigureAwait(false) == _exited)
        {
            return _process.ExitCode;
        }

        KillHard();
        await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        return null;
    }

    /// <summary>SIGKILL to the program and everything it started: a power cut as far as the program can tell.</summary>
    public void KillHard()
    {
        if (HasExited)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>Waits (bounded) for the program to be gone after <see cref="KillHard"/>.</summary>
    public async Task WaitUntilGoneAsync(TimeSpan timeout)
    {
        await Task.WhenAny(_exited, Task.Delay(timeout)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        KillHard();
        await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        _process.Dispose();
    }

    private static string StripMarker(string kept) => kept.StartsWith("! ", StringComparison.Ordinal) || kept.StartsWith("  ", StringComparison.Ordinal) ? kept[2..] : kept;

    private async Task WatchExitAsync()
    {
        // WaitForExitAsync also waits for the end of the redirected output, so every line has been seen after it.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _lines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"  [{Name} exited with code {_process.ExitCode}]"));
        }
    }

    private void OnLine(string? data, bool isError)
    {
        if (data is null)
        {
            return;
        }

        _onLine?.Invoke(data);
        lock (_gate)
        {
            _lines.Enqueue((isError ? "! " : "  ") + data);
            if (_lines.Count > MaxLogLines)
            {
                _lines.Dequeue();
                _droppedLines++;
            }

            foreach (var waiter in _waiters)
            {
                if (!waiter.Found.Task.IsCompleted && waiter.Predicate(data))
                {
                    waiter.Found.TrySetResult(data);
                }
            }
        }
    }

    private sealed record LineWaiter(Func<string, bool> Predicate)
    {
        public TaskCompletionSource<string> Found { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
