// Each test starts its own anvil and hub on a 2-core machine: one at a time keeps the timeouts honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
