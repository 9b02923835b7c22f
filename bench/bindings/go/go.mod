module nova-ai.work/nova-auth/bench/bindings/go

go 1.22

require nova-ai.work/nova-auth/bindings/go v0.0.0

replace nova-ai.work/nova-auth/bindings/go => ../../../bindings/go
