// Package frameworks exercises gin, echo and gRPC handlers.
package frameworks

import (
	"context"
	"database/sql"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"

	"reqpath/pb"
)

type H struct {
	db   *sql.DB
	jobs chan string
}

func (h *H) Routes(e *gin.Engine, ec *echo.Echo) {
	e.GET("/a", h.ginA)
	ec.GET("/b", h.echoB)
}

func (h *H) ginA(c *gin.Context) {
	time.Sleep(time.Second)             // [sleep-in-request] // want `time.Sleep in \(\*H\).ginA \(gin handler registered at frameworks.go:\d+\) blocks the request .* c.Request.Context\(\).Done\(\)`
	rows, err := h.db.Query("SELECT 1") // [io-without-context] // want `h.db.Query in .* use h.db.QueryContext with c.Request.Context\(\)`
	if err == nil {
		rows.Close()
	}
}

func (h *H) echoB(c echo.Context) error {
	h.jobs <- c.Param("id") // [send-in-request] // want `send on h.jobs in \(\*H\).echoB \(echo handler registered at frameworks.go:\d+\) does not observe .*c.Request\(\).Context\(\).Done\(\)`
	return nil
}

type greeter struct {
	pb.UnimplementedGreeterServer
	jobs chan string
}

func (g *greeter) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	g.jobs <- req.Name // [send-in-request] // want `send on g.jobs in \(\*greeter\).SayHello \(gRPC method of pb.GreeterServer\) does not observe the request's cancellation; send in a select that also receives from ctx.Done\(\)`
	select {           // ok
	case g.jobs <- req.Name:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &pb.HelloReply{}, nil
}

func (g *greeter) StreamHellos(req *pb.HelloRequest, stream pb.Greeter_StreamHellosServer) error {
	for i := 0; i < 3; i++ {
		if err := stream.Send(&pb.HelloReply{}); err != nil { // ok: the request's own stream
			return err
		}
		time.Sleep(time.Second) // [sleep-in-request] // want `time.Sleep in \(\*greeter\).StreamHellos \(streaming gRPC method of pb.GreeterServer\) blocks .* stream.Context\(\).Done\(\)`
	}
	return nil
}
