// Package grpc is a test stub of google.golang.org/grpc with the API shapes
// that generated service code uses; it serves nothing.
package grpc

import (
	"context"
	"net"
)

type ServiceDesc struct {
	ServiceName string
	HandlerType any
}

// ServiceRegistrar is what generated RegisterFooServer functions take.
type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

type ServerOption interface{}

type Server struct {
	services map[string]any
}

func NewServer(opt ...ServerOption) *Server { return &Server{services: map[string]any{}} }

func (s *Server) RegisterService(sd *ServiceDesc, ss any) { s.services[sd.ServiceName] = ss }

func (s *Server) Serve(lis net.Listener) error {
	_, err := lis.Accept()
	return err
}

type CallOption interface{}

// ClientConnInterface is what generated clients call through.
type ClientConnInterface interface {
	Invoke(ctx context.Context, method string, args any, reply any, opts ...CallOption) error
	NewStream(ctx context.Context, desc *StreamDesc, method string, opts ...CallOption) (ClientStream, error)
}

type StreamDesc struct {
	StreamName string
}

type ClientStream interface {
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
	CloseSend() error
}

// ServerStream is the server side of a stream; generated stream types
// embed it.
type ServerStream interface {
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

// ServerStreamingServer is the server side of a server-streaming method,
// as newer generated code spells it.
type ServerStreamingServer[Res any] interface {
	Send(*Res) error
	ServerStream
}

// BidiStreamingServer is the server side of a bidirectional stream.
type BidiStreamingServer[Req any, Res any] interface {
	Recv() (*Req, error)
	Send(*Res) error
	ServerStream
}
