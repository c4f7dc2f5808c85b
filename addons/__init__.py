"""Custom Rasa components that run inside the Rasa server (not the action server).

They hold the safety-critical path, so emergency advice never depends on the action server.
"""
