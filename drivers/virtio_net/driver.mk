DRV_LIBS_virtio_net := virtio
