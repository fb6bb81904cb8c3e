// The image is built once (minutes) and booted under qemu (TCG): one test at a time keeps the 2-core box usable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
