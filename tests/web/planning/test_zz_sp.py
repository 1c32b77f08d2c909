import sys, multiprocessing
def child(q):
    import sys; q.put(sys.path[:4])
def test_x():
    print(sys.path[:4])
    ctx = multiprocessing.get_context("spawn"); q = ctx.Queue(); p = ctx.Process(target=child, args=(q,)); p.start(); print(q.get()); p.join()
