module nova-ai.work/nova-auth/bindings/go

go 1.22
