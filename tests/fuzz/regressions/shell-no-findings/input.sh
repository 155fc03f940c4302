#!/bin/sh
# docker is mentioned, nothing is published
ls
