DRV_LIBS_virtio_blk := virtio
