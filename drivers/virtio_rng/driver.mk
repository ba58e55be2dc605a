# virtio-rng links the virtio-pci transport library (drivers/virtio/).
DRV_LIBS_virtio_rng := virtio
