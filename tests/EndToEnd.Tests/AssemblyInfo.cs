// Each test starts its own hub (a .NET process, often with mosquitto, strace or Chromium beside it) on a 2-core
// machine: running them one at a time keeps timings meaningful and the timeouts honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
