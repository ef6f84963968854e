package org.headend.collector.channel;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty's native epoll transport where the platform has it, NIO elsewhere. */
public final class Transport {

    private Transport() {
    }

    public static EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends io.netty.channel.socket.ServerSocketChannel> serverSocketChannel() {
        return Epoll.isAvailable() ? io.netty.channel.epoll.EpollServerSocketChannel.class
                : io.netty.channel.socket.nio.NioServerSocketChannel.class;
    }

    public static String describe() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }
}
