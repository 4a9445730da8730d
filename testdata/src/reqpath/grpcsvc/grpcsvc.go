// Package grpcsvc implements a gRPC service by embedding the generated
// Unimplemented type, and another without embedding.
package grpcsvc

import (
	"context"

	"google.golang.org/grpc"

	"reqpath/pb"
)

type greeter struct {
	pb.UnimplementedGreeterServer
}

func (g *greeter) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) { // want `root: gRPC method of pb.GreeterServer`
	return g.reply(req), nil
}

func (g *greeter) StreamHellos(req *pb.HelloRequest, stream pb.Greeter_StreamHellosServer) error { // want `root: streaming gRPC method of pb.GreeterServer`
	return nil
}

func (g *greeter) reply(req *pb.HelloRequest) *pb.HelloReply { // want `reached: \(\*greeter\).SayHello → \(\*greeter\).reply`
	return &pb.HelloReply{Message: req.Name}
}

// Helper is not part of the service interface.
func (g *greeter) Helper(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) { // ok: not a service method
	return nil, nil
}

// client holds a client; client types are not servers.
type client struct {
	c pb.GreeterClient
}

func (c *client) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) { // ok: does not implement GreeterServer
	return c.c.SayHello(ctx, req)
}

func Serve(s *grpc.Server) {
	pb.RegisterGreeterServer(s, &greeter{})
}
