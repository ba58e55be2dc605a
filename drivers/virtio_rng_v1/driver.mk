# The same driver built against version 1 of the entropy interface: the
# headers in $(B)/include-v1 come first, the current ones fill in the
# rest (drv_inc in drivers/drivers.mk).
DRV_LIBS_virtio_rng_v1 := virtio
DRV_INCLUDE_virtio_rng_v1 := $(B)/include-v1
